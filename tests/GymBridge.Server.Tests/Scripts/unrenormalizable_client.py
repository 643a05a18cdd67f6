"""Replays unrenormalizable/gymnasium-http-api's Python client calls (gym_http_client.py) and its suite's checks, standard library only.

Same routes and bodies: every request carries Content-type: application/json (a session header, GETs and DELETEs
included); create sends env_id, max_episode_steps, auto_reset, disable_env_checker (null when unset) and kwargs;
reset sends {"seed": ""} when it has no seed; render, env id, episodes and transitions as that client reads them.
Two answers differ on purpose (docs/rest.md, "Where the dialects conflict"): observations are plain JSON values (a
Discrete one an int, not {"type", "data"}), and an unknown instance is a 404. Exits 0 and prints "ok".
usage: unrenormalizable_client.py BASE_URL
"""
import base64
import sys
import zlib

from gym_http_replay import ReplayClient, ServerError


class Client(ReplayClient):
    def env_create(self, env_id, max_episode_steps=None, auto_reset=None, disable_env_checker=None, kwargs=None):
        data = {"env_id": env_id, "max_episode_steps": max_episode_steps, "auto_reset": auto_reset,
                "disable_env_checker": disable_env_checker, "kwargs": kwargs or {}}
        return self._request("POST", "/v1/envs/", data, True)["instance_id"]

    def env_list_all(self):
        return self._request("GET", "/v1/envs/")["all_envs"]

    def env_id(self, instance_id):
        return self._request("GET", f"/v1/envs/{instance_id}/")["id"]

    def env_reset(self, instance_id, seed=None):
        return self._request("POST", f"/v1/envs/{instance_id}/reset/", {"seed": seed if seed is not None else ""}, True)["observation"]

    def env_render(self, instance_id):
        return self._request("GET", f"/v1/envs/{instance_id}/render/")["render_frame"]

    def env_step(self, instance_id, action):
        resp = self._request("POST", f"/v1/envs/{instance_id}/step/", {"action": action}, True)
        return [resp["observation"], resp["reward"], resp["terminated"], resp["truncated"], resp["info"]]

    def env_action_space_info(self, instance_id):
        return self._request("GET", f"/v1/envs/{instance_id}/action_space/")["info"]

    def env_action_space_sample(self, instance_id):
        return self._request("GET", f"/v1/envs/{instance_id}/action_space/sample/")["action"]

    def env_action_space_contains(self, instance_id, action):
        return self._request("GET", f"/v1/envs/{instance_id}/action_space/contains/{action}/")["member"]

    def env_observation_space_info(self, instance_id):
        return self._request("GET", f"/v1/envs/{instance_id}/observation_space/")["info"]

    def env_get_transitions(self, instance_id):
        return self._request("GET", f"/v1/envs/{instance_id}/transitions/")["transitions"]

    def env_observation_space_contains(self, instance_id, params):
        return self._request("POST", f"/v1/envs/{instance_id}/observation_space/contains/", params, True)["member"]

    def env_episode_samples(self, instance_id, count, seed):
        data = {"count": count, "seed": seed if seed is not None else ""}
        return self._request("POST", f"/v1/envs/{instance_id}/episodes/", data, True)["episodes"]

    def env_close(self, instance_id):
        self._request("DELETE", f"/v1/envs/{instance_id}/")


def expect_error(call, status, text):
    try:
        call()
    except ServerError as error:
        assert error.status_code == status and text in error.message, (error.status_code, error.message)
    else:
        raise AssertionError(f"expected {status} ({text})")


def main(base):
    client = Client(base)
    instance_id = client.env_create("CartPole-v1")
    assert instance_id in client.env_list_all()
    assert client.env_id(instance_id) == "CartPole-v1"
    assert client.env_action_space_info(instance_id)["name"] == "Discrete"
    assert client.env_action_space_info(instance_id)["n"] == 2
    assert 0 <= client.env_action_space_sample(instance_id) < 2
    assert client.env_action_space_contains(instance_id, 0) is True
    assert client.env_action_space_contains(instance_id, 2) is False
    obs_info = client.env_observation_space_info(instance_id)
    assert obs_info["name"] == "Box" and obs_info["shape"] == [4] and len(obs_info["low"]) == 4
    assert client.env_observation_space_contains(instance_id, {"name": "Box"})
    assert client.env_observation_space_contains(instance_id, {"shape": (4,)})
    assert client.env_observation_space_contains(instance_id, {"name": "Box", "shape": (4,)})

    assert len(client.env_reset(instance_id)) == 4
    assert client.env_reset(instance_id, 42) == client.env_reset(instance_id, "42")  # the Rust client's string seeds
    observation, reward, terminated, truncated, info = client.env_step(instance_id, client.env_action_space_sample(instance_id))
    assert len(observation) == 4 and isinstance(reward, float) and isinstance(terminated, bool)
    assert isinstance(truncated, bool) and isinstance(info, dict)
    client.env_close(instance_id)
    assert instance_id not in client.env_list_all()

    lake = client.env_create("FrozenLake-v1")
    assert client.env_reset(lake) == 0  # conflict: an int, where that server answers a one-element array
    assert len(client.env_get_transitions(lake)) == client.env_observation_space_info(lake)["n"]
    sampled = client.env_create("FrozenLake-v1", kwargs={"desc": ["SFFF", "FFFF", "FFFF", "HFFG"]})
    assert len(client.env_episode_samples(sampled, 10, 2718)) == 10

    ansi = client.env_create("FrozenLake-v1", kwargs={"render_mode": "ansi"})
    client.env_reset(ansi)
    assert client.env_render(ansi) == "\n\x1b[41mS\x1b[0mFFF\nFHFH\nFFFH\nHFFG\n"
    car = client.env_create("MountainCar-v0", kwargs={"render_mode": "rgb_array"})
    client.env_reset(car)
    frame = client.env_render(car)
    assert frame["rows"] == 400 and frame["cols"] == 600
    assert len(zlib.decompress(base64.b64decode(frame["data"]))) == 960000

    expect_error(lambda: client.env_reset("bad_id"), 404, "Instance_id")  # conflict: that server answers 400
    expect_error(lambda: client._request("POST", "/v1/envs/", {}, True), 400, "env_id")
    expect_error(lambda: client.env_create("bad string"), 400, "malformed environment ID")
    step_id = client.env_create("CartPole-v1")
    client.env_reset(step_id)
    expect_error(lambda: client._request("POST", f"/v1/envs/{step_id}/step/", {}, True), 400, "action")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
