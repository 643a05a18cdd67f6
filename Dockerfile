# GymBridge REST host in a container: a .NET SDK stage builds it, the runtime stage adds Python with the
# worker's requirements (requirements.txt, the single source of truth) and runs the host on 0.0.0.0:8080.
# Beyond loopback the host requires an API key: pass it as an environment variable.
#   docker build -t gymbridge .
#   docker run -p 8080:8080 -e GymBridge__ApiKey=s3cret gymbridge
# Not built in this project's CI (its machines have no Docker engine); see docs/packaging.md, "Container".

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# For the image's architecture only: Skia's native library (frames) is then the one libSkiaSharp.so the image runs,
# instead of all 17 platforms' (~190 MB).
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN dotnet publish src/GymBridge.Server/GymBridge.Server.csproj -c Release -a "${TARGETARCH:-amd64}" -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ffmpeg \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /opt/gymbridge/requirements.txt
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r /opt/gymbridge/requirements.txt
ENV GYMBRIDGE_PYTHON=/opt/venv/bin/python
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENTRYPOINT ["dotnet", "GymBridge.Server.dll", "--urls", "http://0.0.0.0:8080"]
