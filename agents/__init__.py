"""The agents: who they are, what they own, and how their prompts are rendered."""

# `agents` is also the import name of other packages (the OpenAI Agents SDK); the console
# scripts look for this line to tell that the `agents` they would import is stackcrew's.
STACKCREW_AGENTS = True
