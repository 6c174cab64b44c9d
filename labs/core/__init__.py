"""What every part of the lab shares: names, errors, text, the workspace and its state."""
