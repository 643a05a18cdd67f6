# GymBridge REST host in a container: a .NET SDK stage builds it, the runtime stage adds Python with the
# worker's requirements (requirements.txt, the single source of truth) and runs the host on 0.0.0.0:8080.
# Beyond loopback the host requires an API key: pass it as an environment variable.
#   docker build -t gymbridge .
#   docker build -t gymbridge --build-arg EXTRAS=box2d,mujoco,atari .    (env families: requirements/FAMILY.txt)
#   docker run -p 8080:8080 -e GymBridge__ApiKey=s3cret gymbridge [--import ale_py]
# Not built in this project's CI (its machines have no Docker engine); see docs/packaging.md, "Container".

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# For the image's architecture only: Skia's native library (frames) is then the one libSkiaSharp.so the image runs,
# instead of all 17 platforms' (~190 MB).
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN dotnet publish src/GymBridge.Server/GymBridge.Server.csproj -c Release -a "${TARGETARCH:-amd64}" -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG EXTRAS=""
# box2d-py has no wheel: it compiles (with the swig its requirements file installs first).
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ffmpeg \
    && case ",$EXTRAS," in *,box2d,*) apt-get install -y --no-install-recommends build-essential python3-dev ;; esac \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /opt/gymbridge/requirements.txt
COPY requirements/ /opt/gymbridge/requirements/
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r /opt/gymbridge/requirements.txt \
    && for extra in $(echo "$EXTRAS" | tr ',' ' '); do \
         [ -f "/opt/gymbridge/requirements/$extra.txt" ] || { echo "no env family '$extra' (requirements/)"; exit 1; }; \
         for line in $(sed -e 's/#.*//' "/opt/gymbridge/requirements/$extra.txt"); do \
           PATH="/opt/venv/bin:$PATH" /opt/venv/bin/pip install --no-cache-dir "$line" || exit 1; \
         done; \
       done
ENV GYMBRIDGE_PYTHON=/opt/venv/bin/python
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENTRYPOINT ["dotnet", "GymBridge.Server.dll", "--urls", "http://0.0.0.0:8080"]
