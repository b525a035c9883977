using System;
using System.Globalization;

namespace Sightline.Cuda.Diagnostics
{
    public enum CheckOutcome
    {
        Passed,
        Failed,
        Skipped,
    }

    /// <summary>One verified quantity of a GPU check: the outcome, the largest error against the oracle and the tolerance.</summary>
    public sealed class CheckResult
    {
        public CheckResult(string name, CheckOutcome outcome, double maxAbsError, double tolerance, string detail, double milliseconds)
        {
            Name = name;
            Outcome = outcome;
            MaxAbsError = maxAbsError;
            Tolerance = tolerance;
            Detail = detail;
            Milliseconds = milliseconds;
        }

        public string Name { get; }
        public CheckOutcome Outcome { get; }
        /// <summary>NaN when the check compares no numbers.</summary>
        public double MaxAbsError { get; }
        public double Tolerance { get; }
        public string Detail { get; }
        public double Milliseconds { get; internal set; }

        public static CheckResult Compare(string name, float[] actual, float[] expected, double tolerance, string detail)
        {
            double error = Reference.NaiveLayers.MaxAbsDifference(actual, expected);
            return new CheckResult(name, error <= tolerance ? CheckOutcome.Passed : CheckOutcome.Failed, error, tolerance, detail, 0);
        }

        public static CheckResult Pass(string name, string detail) => new CheckResult(name, CheckOutcome.Passed, double.NaN, double.NaN, detail, 0);
        public static CheckResult Fail(string name, string detail) => new CheckResult(name, CheckOutcome.Failed, double.NaN, double.NaN, detail, 0);
        public static CheckResult Skip(string name, string reason) => new CheckResult(name, CheckOutcome.Skipped, double.NaN, double.NaN, reason, 0);

        /// <summary>"PASS cublas/sgemm-nn  max abs err 3.1e-06 (tol 1e-04)  67x45x129  2.1 ms".</summary>
        public string ToLine()
        {
            string tag = Outcome == CheckOutcome.Passed ? "PASS" : Outcome == CheckOutcome.Failed ? "FAIL" : "SKIP";
            string numbers = double.IsNaN(MaxAbsError) ? "" :
                "  max abs err " + MaxAbsError.ToString("0.0##e+00", CultureInfo.InvariantCulture) + " (tol " + Tolerance.ToString("0.0##e+00", CultureInfo.InvariantCulture) + ")";
            return $"{tag} {Name}{numbers}  {Detail}  {Milliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";
        }

        public override string ToString() => ToLine();
    }
}
