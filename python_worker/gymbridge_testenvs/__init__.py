"""Envs that misbehave on purpose, or use every space type, for GymBridge's tests.

Import this module (``--import gymbridge_testenvs`` or an id like ``gymbridge_testenvs:Raising-v0``)
to register them under the ``GymBridgeTest`` namespace.
"""

from gymnasium.envs.registration import register

for _name in ("Raising", "Hanging", "Exiting", "AllSpaces", "Frames", "Delay", "OffSpace"):
    register(id=f"GymBridgeTest/{_name}-v0", entry_point=f"gymbridge_testenvs.envs:{_name}Env")
