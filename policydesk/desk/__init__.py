"""The tracking desk (督查督办): accounts, assignments, progress, urgings, the ledger, backups.
Every write goes through these modules in one transaction and leaves a line in the audit log."""
