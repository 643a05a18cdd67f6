"""What the gym-http-api family's Python clients share, standard library only: JSON bodies with a session-wide
``Content-type: application/json`` header (GETs and DELETEs included), and ``ServerError(message, status_code)``
raised from an error body's ``message``, as those clients raise it.
"""
import json
import urllib.error
import urllib.request


class ServerError(Exception):
    def __init__(self, message, status_code):
        super().__init__(message)
        self.message, self.status_code = message, status_code


class ReplayClient:
    def __init__(self, remote_base):
        self.remote_base = remote_base.rstrip("/")

    def _request(self, method, route, data=None, send_body=False):
        body = json.dumps(data).encode() if send_body else None
        request = urllib.request.Request(self.remote_base + route, data=body, method=method,
                                         headers={"Content-type": "application/json"})
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read()
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as error:
            j = json.loads(error.read())
            if "message" in j:  # what the clients raise
                raise ServerError(j["message"], error.code)
            raise
