package io.outrider.console.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;

/**
 * Refuses request bodies over {@code outrider.console.max-body} on every HTTP endpoint (forms, chat callbacks, the
 * API): a declared length over it gets 413 at once, unread (Tomcat discards up to {@code server.tomcat.max-swallow-size}
 * of it so the client reads the answer, then closes the connection); a body without a length (chunked) is read here
 * up to the limit and refused the same way past it (a form is cut off with 413 as its endpoint reads past the
 * limit). No request keeps more than the limit in memory.
 */
public final class BodyLimit extends OncePerRequestFilter {

    private final long limit;

    public BodyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > limit) {
            refuse(response);
            return;
        }
        if (length >= 0) {
            chain.doFilter(request, response);
            return;
        }
        String type = request.getContentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            // forms are read by their endpoints as a stream (Slack's signed bodies) or parsed by Tomcat, which
            // has its own limit (server.tomcat.max-http-form-post-size)
            chain.doFilter(new Limited(request), response);
            return;
        }
        // any other body without a length is read here, up to the limit, so that every endpoint answers 413 alike
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            refuse(response);
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + message() + "\"}");
    }

    /** A request whose body was read already. */
    private static final class Buffered extends HttpServletRequestWrapper {

        private final byte[] body;

        private Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    // the whole body is here: it is available at once, and all read once it is consumed
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(
                    new java.io.InputStreamReader(getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private String message() {
        return "the body is larger than " + limit / 1024 + " KiB (outrider.console.max-body); send less at once";
    }

    /** A request whose body stream stops with 413 past the limit. */
    private final class Limited extends HttpServletRequestWrapper {

        private Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) count(1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) count(n);
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > limit) throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, message());
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
