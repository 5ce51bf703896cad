package io.postmesh.ingress.smtp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One command line split into its verb and argument text.
 *
 * <p>The line arrives without its CRLF. It is decoded as strict UTF-8 (RFC 6531 §3.3 allows UTF-8 in
 * addresses) and refused if it holds control characters: a bare CR or LF inside a command line is the
 * command-phase form of SMTP smuggling (RFC 5321 §2.3.8 allows CR and LF only together).
 *
 * @param verb the command verb, upper-cased ({@code MAIL})
 * @param args everything after the first space, without trailing white space; "" when there is none
 */
public record CommandLine(String verb, String args) {

    public static CommandLine parse(byte[] line) throws SmtpSyntaxException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SmtpSyntaxException(500, "5.5.2", "Error: invalid UTF-8 in command");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new SmtpSyntaxException(500, "5.5.2", "Error: control characters in command");
            }
        }
        text = text.stripTrailing();
        int space = text.indexOf(' ');
        String verb = space < 0 ? text : text.substring(0, space);
        String args = space < 0 ? "" : text.substring(space + 1);
        return new CommandLine(verb.toUpperCase(Locale.ROOT), args);
    }

    /** Whether the command has an argument. */
    public boolean hasArgs() {
        return !args.isEmpty();
    }

    /** The argument text after a keyword such as {@code FROM:} (case-insensitive), or the syntax reply. */
    public String argsAfter(String keyword, Reply syntax) throws SmtpSyntaxException {
        if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new SmtpSyntaxException(syntax);
        }
        return args.substring(keyword.length());
    }
}
