package io.outrider.console.postmortem;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A postmortem's Markdown as HTML (the console's preview) and as PDF. Raw HTML in the Markdown is escaped and unsafe
 * link targets dropped: what people type is shown, never run.
 */
public final class PostmortemDocuments {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    private static final String PRINT_CSS = """
            @page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
            body { font-family: sans-serif; font-size: 10pt; line-height: 1.4; color: #1b1f24; }
            h1 { font-size: 17pt; border-bottom: 1px solid #ccc; padding-bottom: 4pt; }
            h2 { font-size: 13pt; margin-top: 16pt; } h3 { font-size: 11pt; }
            table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
            th, td { border: 1px solid #ccc; padding: 3pt 5pt; text-align: left; vertical-align: top; }
            th { background: #f2f4f7; } code { font-family: monospace; font-size: 9pt; }
            a { color: #1a56db; text-decoration: none; }
            """;

    private PostmortemDocuments() {}

    /** The body HTML of a Markdown text. */
    public static String html(String markdown) {
        return HTML.render(PARSER.parse(markdown));
    }

    /** A printable PDF of a Markdown text. */
    public static byte[] pdf(String title, String markdown) throws IOException {
        // commonmark writes XHTML-compatible tags (<br />, <hr />); the PDF renderer needs a well-formed document
        String xhtml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
                + "<meta charset=\"UTF-8\" /><title>" + escape(title) + "</title><style>" + PRINT_CSS
                + "</style></head><body>" + html(markdown) + "</body></html>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (RuntimeException e) {
            throw new IOException("the postmortem could not be laid out as PDF: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
