// OWL 2 DL profile check with the OWL API (Debian's libowlapi-java, OWL API 5.1).
//
// Usage: java -cp '/usr/share/java/*' ProfileCheck.java [--map IRI=FILE ...] FILE ...
// Each FILE is loaded in a fresh manager, its imports resolved through the --map pairs
// (never from the network: an import that is not mapped is reported, not fetched).
// Prints one tab-separated line per finding, then a summary line per file:
//   VIOLATION <file> <kind> <description>
//   FILE <file> <ontology IRI> <axiom count> <violation count>
// Exit status 0 when every file is in OWL 2 DL, 1 when any is not, 2 on a load error.
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) {
        List<String[]> maps = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--map") && i + 1 < args.length) {
                maps.add(args[++i].split("=", 2));
            } else {
                files.add(args[i]);
            }
        }
        boolean clean = true;
        for (String file : files) {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            java.util.Map<String, IRI> mapped = new java.util.HashMap<>();
            for (String[] pair : maps) {
                mapped.put(pair[0], IRI.create(new File(pair[1])));
            }
            // One mapper: a mapped import resolves to its file; any other http(s) import is
            // never fetched from the network, so a missing import shows as undeclared terms.
            manager.getIRIMappers().clear();
            manager.getIRIMappers().add(iri -> mapped.containsKey(iri.toString()) ? mapped.get(iri.toString())
                    : iri.getScheme() != null && iri.getScheme().startsWith("http")
                    ? IRI.create(new File("/nonexistent-import/" + Math.abs(iri.hashCode()))) : null);
            OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                    .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
            OWLOntology ontology;
            try {
                ontology = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(new File(file)), config);
            } catch (Exception e) {
                System.out.println("ERROR\t" + file + "\t" + e.getClass().getSimpleName() + "\t"
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
                System.exit(2);
                return;
            }
            OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
            for (OWLProfileViolation v : report.getViolations()) {
                System.out.println("VIOLATION\t" + file + "\t" + v.getClass().getSimpleName() + "\t"
                        + v.toString().replaceAll("\\s+", " "));
            }
            String iri = ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("(anonymous)");
            System.out.println("FILE\t" + file + "\t" + iri + "\t" + ontology.getAxiomCount() + "\t"
                    + report.getViolations().size());
            clean &= report.isInProfile();
        }
        System.exit(clean ? 0 : 1);
    }
}
