// A small client for the GymBridge REST API, shared by the pages. No dependencies.
// An API key, when the server needs one, comes from ?api_key= in the page's URL.
const GymBridge = (() => {
  const apiKey = new URLSearchParams(window.location.search).get("api_key");
  const withKey = (url) => apiKey ? url + (url.includes("?") ? "&" : "?") + "api_key=" + encodeURIComponent(apiKey) : url;

  async function request(path, method = "GET", body = undefined) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (apiKey) headers["X-API-Key"] = apiKey;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${data.message || response.statusText}`);
    return data;
  }

  class Env {
    constructor(instanceId, envId) { this.instanceId = instanceId; this.envId = envId; }
    static async make(envId, options = {}) {
      const made = await request("/v1/envs/", "POST", { env_id: envId, ...options });
      return new Env(made.instance_id, envId);
    }
    reset(options = {}) { return request(`/v1/envs/${this.instanceId}/reset/`, "POST", options); }
    step(action) { return request(`/v1/envs/${this.instanceId}/step/`, "POST", { action }); }
    actionSpace() { return request(`/v1/envs/${this.instanceId}/action_space/`).then(r => r.info); }
    observationSpace() { return request(`/v1/envs/${this.instanceId}/observation_space/`).then(r => r.info); }
    sample() { return request(`/v1/envs/${this.instanceId}/action_space/sample`).then(r => r.action); }
    render() { return request(`/v1/envs/${this.instanceId}/monitor/render/?format=json`); }
    close() { return request(`/v1/envs/${this.instanceId}/`, "DELETE"); }
  }

  return { request, Env, withKey };
})();
