"""The web front end's parts (app.py at the top of the repository assembles them into the Gradio page):
how answers, sources, drafts and the status page are shown (render), the chat's conversations (chat,
chat_store), the page's words and script (page, ui_zh.toml), login and access (login, login_guard,
guard), uploads, and the eligibility tab. They use the assistant's core and its features; nothing below
imports them."""
