"""Every key of the current screen in the command palette, found by what it does."""

from __future__ import annotations

from textual.command import Hit, Hits, Provider

from pagedesk.tui.keymap import screen_bindings


class BindingCommands(Provider):
    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        screen = self.screen
        for key, binding in screen_bindings(screen):
            score = matcher.match(binding.description)
            if score > 0 and binding.action:
                yield Hit(
                    score,
                    matcher.highlight(binding.description),
                    lambda b=binding, s=screen: s.run_action(b.action),
                    help=f"{key}  ({binding.id})",
                )
