"""The agents: who they are, what they own, and how their prompts are rendered."""
