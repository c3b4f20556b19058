"""Fakes at the edges of stackcrew, for the tests: the loopback Messages API."""
