// A CartPole-v1 agent in JavaScript against the GymBridge REST host, with Node's built-in fetch (Node 18+,
// no npm packages). Usage: node agent.mjs [baseUrl] [episodes]; baseUrl defaults to http://127.0.0.1:5000.
// Set GYMBRIDGE_API_KEY when the host was started with --api-key.
const baseUrl = (process.argv[2] ?? "http://127.0.0.1:5000").replace(/\/+$/, "");
const episodes = Number(process.argv[3] ?? 5);
const headers = { "Content-Type": "application/json" };
if (process.env.GYMBRIDGE_API_KEY) headers["X-API-Key"] = process.env.GYMBRIDGE_API_KEY;

async function call(method, path, body) {
  const response = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

// Push the cart toward the side the pole leans to, leaning ahead by its angular velocity:
// observation = [cart position, cart velocity, pole angle, pole angular velocity].
const policy = ([, , angle, angularVelocity]) => (angle + 0.5 * angularVelocity > 0 ? 1 : 0);

const { instance_id: id } = await call("POST", "/v1/envs/", { env_id: "CartPole-v1" });
try {
  const actionSpace = await call("GET", `/v1/envs/${id}/action_space/`);
  console.log(`env ${id}: CartPole-v1, action space ${actionSpace.info.name}(${actionSpace.info.n})`);
  for (let episode = 0; episode < episodes; episode++) {
    let { observation } = await call("POST", `/v1/envs/${id}/reset/`, { seed: episode });
    let episodeReturn = 0;
    let steps = 0;
    for (let done = false; !done; steps++) {
      const step = await call("POST", `/v1/envs/${id}/step/`, { action: policy(observation) });
      observation = step.observation;
      episodeReturn += step.reward;
      done = step.terminated || step.truncated;
    }
    console.log(`episode ${episode}: return ${episodeReturn} in ${steps} steps`);
  }
} finally {
  await call("DELETE", `/v1/envs/${id}/`);
  console.log(`closed ${id}`);
}
