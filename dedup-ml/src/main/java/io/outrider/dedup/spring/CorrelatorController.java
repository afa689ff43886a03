package io.outrider.dedup.spring;

import io.outrider.dedup.correlate.CorrelatorTraining;
import io.outrider.dedup.correlate.LearnedCorrelator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Which correlator decides now and, for the learned one, its provenance: {@code GET /api/correlator}. */
@RestController
@RequestMapping("/api/correlator")
public class CorrelatorController {

    private final CorrelatorTraining training;

    CorrelatorController(CorrelatorTraining training) {
        this.training = training;
    }

    @GetMapping
    public ResponseEntity<Object> current() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("correlator", training.model().isPresent() ? "learned" : "rules");
        body.put("feedbackPairs", training.feedbackPairs());
        training.model().ifPresent(m -> body.put("model", model(m)));
        return ResponseEntity.ok(body);
    }

    private static Map<String, Object> model(LearnedCorrelator.ModelInfo m) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", m.id());
        model.put("version", m.version());
        model.put("trainedAt", m.trainedAt().toString());
        model.put("simulatedPairs", m.simulated());
        model.put("feedbackPairs", m.feedback());
        model.put("trainingAccuracy", m.trainingAccuracy());
        model.put("trainer", m.trainer());
        model.put("tribuoProvenance", m.tribuo());
        return model;
    }
}
