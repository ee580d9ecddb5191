"""schemathesis hooks for scripts/fuzz.sh: how to send the bodies it cannot encode itself."""

import schemathesis

# A video upload is raw bytes: whatever is generated goes as it is, and the server must
# refuse what is not an MP4 with a 4xx, never fail on it.
schemathesis.serializer.alias("video/mp4", "application/octet-stream")

# A chunk of a resumable upload (PATCH /uploads/{id}) is raw bytes too.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
