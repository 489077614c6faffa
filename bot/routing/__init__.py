"""Routing policy of routing.md: who should hear about a niet-pluis signal, and why.

    from bot.routing import decide_routes, Route, load_policy
    routes = decide_routes("arbeidsuitbuiting", acute=False, minor=False, role="burger",
                           gemeente="Utrecht")

The policy is data (``data/routing/*.yml``), validated when loaded; it is loaded lazily on the
first call, never at import time.
"""
from bot.routing.contacts import DeliveryTarget, delivery_targets, mailboxes
from bot.routing.decide import (
    CONTEXT_TAGS,
    FORMS,
    ROLES,
    TRAFFICKING_FORMS,
    Route,
    RoutingDecision,
    decide,
    decide_routes,
)
from bot.routing.policy import Policy, PolicyError, default_policy, load_policy

__all__ = [
    "CONTEXT_TAGS", "FORMS", "ROLES", "TRAFFICKING_FORMS", "DeliveryTarget", "Policy",
    "PolicyError", "Route", "RoutingDecision", "decide", "decide_routes", "default_policy",
    "delivery_targets", "load_policy", "mailboxes",
]
