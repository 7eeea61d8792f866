"""Sending: accounts and their secrets, transports (SMTP and provider APIs), the outbox, campaigns.

Public modules: ``accounts``, ``secrets``, ``campaigns``, ``activity``, ``engine``; transports
are reached through ``accounts.open_transport``.
"""
