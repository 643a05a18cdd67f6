"""Replays cloudkj/gymnasium-http-api's documented client calls, standard library only.

The README's drop-in Env wrapper (create with env_id, reset with {}, step with {"action"}, terminated/truncated,
DELETE to close) plus render_mode, seeded reset, the JSON render form its agent page draws, and the MJPEG
stream its monitor page shows. Exits 0 and prints "ok".  usage: cloudkj_client.py BASE_URL
"""
import base64
import json
import sys
import urllib.request

BASE = sys.argv[1].rstrip("/") + "/v1/envs"


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def post(path, body):
    return json.loads(call("POST", path, body)[1])


class Env:
    def __init__(self, env_id, render_mode=None):
        body = {"env_id": env_id}
        if render_mode:
            body["render_mode"] = render_mode
        self.instance_id = post("/", body)["instance_id"]

    def reset(self, seed=None):
        return post(f"/{self.instance_id}/reset/", {} if seed is None else {"seed": seed})

    def step(self, action):
        return post(f"/{self.instance_id}/step/", {"action": action})

    def close(self):
        call("DELETE", f"/{self.instance_id}/")


env = Env("CartPole-v1", render_mode="rgb_array")
initial = env.reset(seed=7)
observation, info = initial["observation"], initial["info"]
assert len(observation) == 4 and info == {}
episode_over, total_reward = False, 0
while not episode_over:
    state = env.step(0)
    total_reward += state["reward"]
    episode_over = state["terminated"] or state["truncated"]
assert total_reward > 0

space = json.loads(call("GET", f"/{env.instance_id}/action_space/")[1])
assert space["name"] == "Discrete" and space["n"] == 2  # cloudkj's flat form
assert json.loads(call("GET", f"/{env.instance_id}/observation_space/")[1])["name"] == "Box"

headers, body = call("GET", f"/{env.instance_id}/monitor/render/", headers={"Accept": "application/json"})
render = json.loads(body)
assert render["render_mode"] == "rgb_array" and render["content_type"] == "image/png" and render["encoding"] == "base64"
assert base64.b64decode(render["data"])[:8] == b"\x89PNG\r\n\x1a\n"

request = urllib.request.Request(f"{BASE}/{env.instance_id}/monitor/stream/")
with urllib.request.urlopen(request) as stream:
    assert stream.headers["Content-Type"].startswith("multipart/x-mixed-replace")
    assert stream.readline().strip() == b"--frame"
    assert stream.readline().strip() == b"Content-Type: image/jpeg"
    length = int(stream.readline().split(b":")[1])
    stream.readline()
    assert stream.read(length)[:2] == b"\xff\xd8"

listing = json.loads(call("GET", "/")[1])
assert env.instance_id in listing["all_envs"]
env.close()
assert env.instance_id not in json.loads(call("GET", "/")[1])["all_envs"]
print("ok")
