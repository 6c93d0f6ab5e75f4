"""A name's forms in the other languages: "Gemini in Workspace" as "Gemini dans Workspace", "Claude Pro plan" as
"mon abonnement Pro". Read by the entity index when it builds its table of names."""

from __future__ import annotations

from bot.core.matching.text import normalise

# "in", "for" as other languages join a name ("Gemini dans Workspace"; not "de"), a plan's other names ("Pro-Abo")
_JOINERS = {"in": ("dans", "en", "im", "nel", "nella", "no", "na", "em"), "for": ("fur", "pour", "para", "per", "voor",
            "von"), "plan": ("subscription", "abo", "abonnement", "suscripcion", "assinatura", "abbonamento", "プラン")}
_NOUN_FIRST = ("abonnement", "suscripcion", "assinatura", "abbonamento", "plan", "plano", "piano", "forfait", "formule")


def translated(alias: str, plans: bool = False) -> tuple[str, ...]:
    """Return a name and its forms with "in" or "for" (between two words), or a last "plan" (plans), in other words."""
    words, plan = normalise(alias).split(), plans and alias.endswith("plan")  # "mon abonnement Pro": noun first
    return (alias, *(" ".join((o, *words[:-1])) for o in (_NOUN_FIRST if plan else ())), *(" ".join((
        *words[:k], other, *words[k + 1:])) for k in range(1, len(words)) for other in _JOINERS.get(words[k], ())
        if k < len(words) - 1 or (plan and k == len(words) - 1)))
