"""Registers ``GymBridgeTest/Canary-v0`` when imported, so a test can tell whether a worker imported this module."""

from gymnasium.envs.registration import register

register(id="GymBridgeTest/Canary-v0", entry_point="gymbridge_testenvs.envs:RaisingEnv")
