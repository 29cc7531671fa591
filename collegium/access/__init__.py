"""Who may see and change what: roles, visibility, references (above registry and accounts)."""
