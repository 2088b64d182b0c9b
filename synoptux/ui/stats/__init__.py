"""The statistics window and its charts."""
