export { OnboardingView, validateVrm } from "./onboarding-view";
