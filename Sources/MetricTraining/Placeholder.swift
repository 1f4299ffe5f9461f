public enum MetricTrainingPlaceholder {}
