"""The prompt templates (*.txt, Chinese), shipped as package data so that an installed assistant
finds them; a deployment may point settings.prompts_dir at its own copy instead."""
