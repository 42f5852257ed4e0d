"""Answer composition: follow-up resolution and extractive, cited answers."""
