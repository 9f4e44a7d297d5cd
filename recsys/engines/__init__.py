"""Recommendation engines: pure numpy/scipy functions on arrays, no database.

Items and users are dense integer indices; callers map them to TMDb ids and users.
``content`` builds TF-IDF item vectors, ``collaborative`` item-kNN and EASE from a
user x item interaction matrix, ``hybrid`` blends them into ranked lists with reasons.
"""
