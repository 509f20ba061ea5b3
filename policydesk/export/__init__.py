"""Exports of a Guide: the xlsx ledger and other renders."""
