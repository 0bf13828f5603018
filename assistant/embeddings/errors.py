"""The embedding backends' errors, apart from the registry so a backend can raise them without importing it."""


class EmbeddingConfigError(ValueError):
    """The embedding settings cannot work; the message says what to set."""


class EmbeddingUnavailableError(RuntimeError):
    """The embedding service does not answer."""
