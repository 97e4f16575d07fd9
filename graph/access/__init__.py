"""Access: who am I, role assignments and their grants, the audit log."""
