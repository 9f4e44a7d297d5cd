"""Small pieces shared by the domain apps (no models, no transport code)."""
