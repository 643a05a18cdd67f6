"""Replays openai/gym-http-api's Python client calls (gym_http_client.py) against a server, standard library only.

Same routes, same bodies (json.dumps(None) == "null" for reset, monitor close and close), same reads of the
replies (all_envs, info, observation, done, member, action, message on errors). Exits 0 and prints "ok".
usage: legacy_client.py BASE_URL RECORDING_DIR
"""
import sys

from gym_http_replay import ReplayClient, ServerError


class Client(ReplayClient):
    def _post_request(self, route, data):
        return self._request("POST", route, data, send_body=True)

    def _get_request(self, route):
        return self._request("GET", route)

    def env_create(self, env_id):
        return self._post_request("/v1/envs/", {"env_id": env_id})["instance_id"]

    def env_list_all(self):
        return self._get_request("/v1/envs/")["all_envs"]

    def env_reset(self, instance_id):
        return self._post_request("/v1/envs/{}/reset/".format(instance_id), None)["observation"]

    def env_step(self, instance_id, action, render=False):
        resp = self._post_request("/v1/envs/{}/step/".format(instance_id), {"action": action, "render": render})
        return [resp["observation"], resp["reward"], resp["done"], resp["info"]]

    def env_action_space_info(self, instance_id):
        return self._get_request("/v1/envs/{}/action_space/".format(instance_id))["info"]

    def env_action_space_sample(self, instance_id):
        return self._get_request("/v1/envs/{}/action_space/sample".format(instance_id))["action"]

    def env_action_space_contains(self, instance_id, x):
        return self._get_request("/v1/envs/{}/action_space/contains/{}".format(instance_id, x))["member"]

    def env_observation_space_info(self, instance_id):
        return self._get_request("/v1/envs/{}/observation_space/".format(instance_id))["info"]

    def env_monitor_start(self, instance_id, directory, force=False, resume=False, video_callable=False):
        self._post_request("/v1/envs/{}/monitor/start/".format(instance_id),
                           {"directory": directory, "force": force, "resume": resume, "video_callable": video_callable})

    def env_monitor_close(self, instance_id):
        self._post_request("/v1/envs/{}/monitor/close/".format(instance_id), None)

    def env_close(self, instance_id):
        self._post_request("/v1/envs/{}/close/".format(instance_id), None)

    def upload(self, training_dir, algorithm_id=None, api_key=None):
        self._post_request("/v1/upload/", {"training_dir": training_dir, "algorithm_id": algorithm_id, "api_key": api_key})


def main(base, directory):
    client = Client(base)
    instance_id = client.env_create("CartPole-v1")
    assert client.env_list_all()[instance_id] == "CartPole-v1"
    action_info = client.env_action_space_info(instance_id)
    assert action_info == {"name": "Discrete", "n": 2, "start": 0}, action_info
    obs_info = client.env_observation_space_info(instance_id)
    assert obs_info["name"] == "Box" and obs_info["shape"] == [4], obs_info
    assert client.env_action_space_contains(instance_id, 1) is True
    assert client.env_action_space_contains(instance_id, 3) is False
    assert client.env_action_space_sample(instance_id) in (0, 1)

    init_obs = client.env_reset(instance_id)
    assert len(init_obs) == 4 and all(isinstance(x, float) for x in init_obs)
    done, steps = False, 0
    while not done:
        observation, reward, done, info = client.env_step(instance_id, steps % 2, True)
        assert isinstance(reward, float) and isinstance(done, bool) and isinstance(info, dict)
        steps += 1
    assert steps > 5

    try:
        client.env_step(instance_id, 7)
        raise AssertionError("an invalid action was accepted")
    except ServerError as error:
        assert error.status_code == 400 and "invalid" in error.message, error.message

    try:
        client.env_create("NoSuchEnv-v0")
        raise AssertionError("an unknown env was made")
    except ServerError as error:
        assert error.status_code == 400 and "NoSuchEnv-v0" in error.message

    # The legacy example's monitor flow works unchanged (videos need an env made with render_mode rgb_array).
    client.env_monitor_start(instance_id, directory=directory, force=True)
    client.env_reset(instance_id)
    client.env_step(instance_id, 1, True)
    client.env_monitor_close(instance_id)

    try:  # without OPENAI_GYM_API_KEY the client sends api_key null: the legacy server's 400 names it
        client.upload(training_dir=directory)
        raise AssertionError("upload succeeded")
    except ServerError as error:
        assert error.status_code == 400 and "api_key" in error.message, error.message
    try:
        client.upload(training_dir=directory, api_key="sk-legacy")
        raise AssertionError("upload succeeded")
    except ServerError as error:
        assert error.status_code == 410

    client.env_close(instance_id)
    assert instance_id not in client.env_list_all()
    try:
        client.env_reset(instance_id)
        raise AssertionError("a closed env was reset")
    except ServerError as error:
        assert error.status_code == 404
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
