"""The intake conversation's domain side: reading answers, deciding turns, gemeenten, texts,
and the names shared with `domain.yml` (`contract`)."""
