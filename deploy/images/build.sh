#!/usr/bin/env bash
# Builds every Podbench image and pushes it: the six services (Jib, no daemon) and the workspace image.
#   deploy/images/build.sh ghcr.io/acme/podbench 0.1.0
set -euo pipefail
cd "$(dirname "$0")/../.."
registry=${1:?usage: deploy/images/build.sh REGISTRY-PREFIX TAG   (e.g. ghcr.io/acme/podbench 0.1.0)}
tag=${2:?usage: deploy/images/build.sh REGISTRY-PREFIX TAG}

./mvnw package -DskipTests -Dpodbench.images.to="$registry" -Dpodbench.images.tag="$tag"

builder=$(command -v podman || command -v docker || true)
if [ -z "$builder" ]; then
  echo "the workspace image needs podman or docker" >&2
  exit 1
fi
"$builder" build -f deploy/images/workspace.Containerfile -t "$registry/workspace:$tag" deploy/images
"$builder" push "$registry/workspace:$tag"
