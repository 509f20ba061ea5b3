"""PolicyDesk: implementation guides as a structured ledger, a portal and a tracking desk."""
__version__ = "0.1.0"
