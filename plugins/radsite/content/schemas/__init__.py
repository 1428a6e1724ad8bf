"""One schema module per collection; `radsite.content.registry` lists them."""
