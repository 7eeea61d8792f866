"""Contacts: CRUD, tags, lists, segments, import and export (service functions returning plain data)."""
