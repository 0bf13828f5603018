"""The base layer: Chinese text handling (`language.text`) and the language knowledge kept as data
(`language.lexicon`, TOML files under language/lexicon/). Every other package may import it; it
imports nothing of the project."""
