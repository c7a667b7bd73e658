"""The incident wizard's logic without Qt: page definitions, values, checks, decision aid."""
