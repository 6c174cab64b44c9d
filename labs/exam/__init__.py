"""The certification exam: four timed parts built from the exercises of the course days."""
