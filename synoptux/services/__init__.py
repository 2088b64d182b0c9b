"""Use cases: one function per user action or feed event, one transaction each."""
