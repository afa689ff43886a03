package io.outrider.alert.spring;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Request bodies read with a limit: a larger one is refused with 413 before it is all in memory. */
final class Bodies {

    private Bodies() {}

    static byte[] read(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit)
            throw new ResponseStatusException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "the body is larger than " + limit / 1024 + " KiB; send less at once");
        return body;
    }
}
