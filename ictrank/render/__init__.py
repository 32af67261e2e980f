"""Renderers: a Ranking (or report) in, text or bytes out; none of them prints."""
