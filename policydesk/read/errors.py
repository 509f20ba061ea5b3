class ReadError(Exception):
    """Input that cannot be read as a guide; the message is shown to the user as is."""
