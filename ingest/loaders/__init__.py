"""One loader per file format; `ingest.load.load_file` picks one by extension."""
