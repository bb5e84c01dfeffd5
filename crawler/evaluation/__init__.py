"""Evaluation drivers: run the pure stages against the replica's ground truth (they start servers, read files)."""
