"""Guidance for professionals: where to report and the duties of their role."""
