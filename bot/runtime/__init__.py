"""Background work of a running assistant: the daemon (delivery, retention) and the local
mailbox of the embedded default."""
