"""The computation core: plain Python, no Django, never reads the clock.

Every function that depends on "today" takes ``as_of`` explicitly.
"""
